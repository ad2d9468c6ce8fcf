import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ErrorStateProps {
  /** What failed, in the user's words (already translated). */
  title: string;
  /** Usually an `ApiError`, whose message comes from the server. */
  error: Error;
  onRetry?: () => void;
}

/** A failed request: what failed, the server's message, and a retry button. */
export function ErrorState({ title, error, onRetry }: ErrorStateProps) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={error.message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
