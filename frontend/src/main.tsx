import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import './app/global.css';
import { App } from './app/app';
import { readRuntimeConfig } from './app/runtime-config';
import { createI18n } from './i18n';

const root = document.getElementById('root');
if (root === null) {
  throw new Error('The HTML shell has no #root element');
}

createRoot(root).render(
  <StrictMode>
    <App config={readRuntimeConfig()} i18n={createI18n()} />
  </StrictMode>,
);
