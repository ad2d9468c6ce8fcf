import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input } from 'antd';
import type { ClipboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { insertArgs, splitPastedArgs } from '../lib/args';

export interface ArgListInputProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  /** Names each input: "`label` 1", "`label` 2", … */
  label: string;
}

/**
 * One input per argument (an argument may hold a comma); pasting KubeSphere's comma form
 * into an input splits it into arguments.
 */
export function ArgListInput({ value = [], onChange, label }: ArgListInputProps) {
  const { t } = useTranslation();
  const change = (next: string[]) => onChange?.(next);

  const paste = (index: number) => (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    const parts = splitPastedArgs(text);
    if (parts.length < 2 || (value[index] ?? '') !== '') return;
    event.preventDefault();
    change(insertArgs(value, index, parts));
  };

  return (
    <Flex vertical gap={6}>
      {value.map((arg, index) => (
        <Flex key={index} gap={6}>
          <Input
            aria-label={`${label} ${index + 1}`}
            value={arg}
            onChange={(event) => change(value.map((a, i) => (i === index ? event.target.value : a)))}
            onPaste={paste(index)}
          />
          <Button
            aria-label={t('wizard.remove', { what: `${label} ${index + 1}` })}
            icon={<DeleteOutlined />}
            onClick={() => change(value.filter((_, i) => i !== index))}
          />
        </Flex>
      ))}
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        onClick={() => change([...value, ''])}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('wizard.add', { what: label })}
      </Button>
    </Flex>
  );
}
