import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '@/api/client';
import { LanguageSwitch } from '@/components/language-switch';
import { useLogin, useMe, type LoginRequest } from '../api/session';
import { safeNext } from '../lib/safe-next';

function useLoginError(error: unknown): string | null {
  const { t } = useTranslation();
  if (!(error instanceof ApiError)) return null;
  if (error.code === 401) return t('auth.wrongCredentials');
  if (error.code === 429) {
    const seconds = /(\d+)\s*s/.exec(error.message)?.[1] ?? '60';
    return t('auth.throttled', { seconds });
  }
  return t('auth.failed', { message: error.message });
}

/** `/login`: user name and password; back to where the user was going afterwards. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const login = useLogin();
  const error = useLoginError(login.error);

  if (me.data) return <Navigate to={next} replace />;

  const onFinish = (values: LoginRequest) => {
    login.mutate(values, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
      <Card style={{ width: 380 }}>
        <main>
          <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
            <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
              {t('auth.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Flex>
          {error !== null && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Form<LoginRequest> layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item
              label={t('auth.username')}
              name="username"
              rules={[{ required: true, message: t('auth.usernameRequired') }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('auth.password')}
              name="password"
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('auth.submit')}
            </Button>
          </Form>
        </main>
      </Card>
    </Flex>
  );
}
