import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '@/api/client';
import { YamlEditor } from './yaml-editor';

export interface YamlModeProps {
  yaml: string;
  onChange: (text: string) => void;
  error: { message: string; line?: number } | null;
  /** Field problems from a failed create, listed with their paths. */
  problems: readonly FieldError[];
}

/** Edit mode: the whole manifest in the YAML editor, with parse errors and field problems above it. */
export function YamlMode({ yaml, onChange, error, problems }: YamlModeProps) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('wizard.yaml.help')}</Typography.Paragraph>
      {error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={error.line ? t('wizard.yaml.parseErrorAt', { line: error.line }) : t('wizard.yaml.parseError')}
          description={error.message}
        />
      ) : null}
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('wizard.yaml.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problems.map((p) => (
                <li key={`${p.field}:${p.message}`}>
                  <Typography.Text code>{p.field}</Typography.Text> {p.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <YamlEditor value={yaml} onChange={onChange} aria-label={t('wizard.yaml.editor')} />
    </>
  );
}
