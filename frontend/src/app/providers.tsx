import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { i18n } from 'i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { ApiClient } from '@/api/client';
import { ApiClientProvider } from '@/api/provider';
import { toLanguage } from '@/i18n';
import type { RuntimeConfig } from './runtime-config';
import { createQueryClient } from './query-client';
import { theme } from './theme';

type Locale = NonNullable<ConfigProviderProps['locale']>;

const antdLocales: Record<string, Locale> = { en: enUS, 'zh-CN': zhCN };

/** antd's configuration follows the UI language and carries the CSP nonce. */
function AntdProvider({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const language = toLanguage(i18n.resolvedLanguage) ?? 'en';

  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  return (
    <ConfigProvider
      locale={antdLocales[language]}
      theme={theme}
      {...(nonce === undefined ? {} : { csp: { nonce } })}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export interface AppProvidersProps {
  config: RuntimeConfig;
  i18n: i18n;
  apiClient: ApiClient;
  queryClient?: QueryClient;
  children: ReactNode;
}

/** Everything the app needs around it: i18n, antd, TanStack Query and the API client. */
export function AppProviders({ config, i18n, apiClient, queryClient, children }: AppProvidersProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <I18nextProvider i18n={i18n}>
      <AntdProvider nonce={config.nonce}>
        <QueryClientProvider client={client}>
          <ApiClientProvider client={apiClient}>{children}</ApiClientProvider>
        </QueryClientProvider>
      </AntdProvider>
    </I18nextProvider>
  );
}
