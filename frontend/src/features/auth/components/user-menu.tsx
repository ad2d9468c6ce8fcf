import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/session';

/** The signed-in user's name and the sign-out button, for the top bar. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me.data) return null;
  return (
    <Flex align="center" gap={8}>
      <Typography.Text style={{ color: '#fff' }} aria-label={t('auth.signedInAs', { username: me.data.username })}>
        <UserOutlined /> {me.data.username}
      </Typography.Text>
      <Button
        size="small"
        icon={<LogoutOutlined />}
        loading={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
      >
        {t('auth.signOut')}
      </Button>
    </Flex>
  );
}
