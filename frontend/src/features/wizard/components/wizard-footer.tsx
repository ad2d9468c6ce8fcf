import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';

export interface WizardFooterProps {
  first: boolean;
  last: boolean;
  yamlMode: boolean;
  creating: boolean;
  onCancel: () => void;
  onPrevious: () => void;
  onNext: () => void;
  onCreate: () => void;
}

/** Cancel, Previous, Next and Create. Create works from any step: later steps have defaults. */
export function WizardFooter({ first, last, yamlMode, creating, onCancel, onPrevious, onNext, onCreate }: WizardFooterProps) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" style={{ marginTop: 24 }}>
      <Button onClick={onCancel}>{t('wizard.cancel')}</Button>
      <Flex gap={8}>
        {!yamlMode && !first ? <Button onClick={onPrevious}>{t('wizard.previous')}</Button> : null}
        {!yamlMode && !last ? <Button onClick={onNext}>{t('wizard.next')}</Button> : null}
        <Button type="primary" loading={creating} onClick={onCreate}>
          {t('wizard.create')}
        </Button>
      </Flex>
    </Flex>
  );
}
