import { useTranslation } from 'react-i18next';
import { KeyValueList } from './key-value-list';

/** Step 5: labels and annotations of the Job, and labels of its Pods. */
export function LabelsStep() {
  const { t } = useTranslation();
  return (
    <>
      <KeyValueList name="labels" title={t('wizard.labels.jobLabels')} help={t('wizard.labels.help')} />
      <KeyValueList name="podLabels" title={t('wizard.labels.podLabels')} />
      <KeyValueList name="annotations" title={t('wizard.labels.annotations')} labelValues={false} />
    </>
  );
}
