import type { ThemeConfig } from 'antd';

/** Colours close to KubeSphere's console: a dark top bar, green accents, light content. */
export const HEADER_BACKGROUND = '#242e42';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#00aa72',
    colorLink: '#329dce',
    borderRadius: 4,
    fontSize: 14,
  },
  components: {
    Layout: {
      headerBg: HEADER_BACKGROUND,
      headerHeight: 56,
      headerPadding: '0 20px',
      siderBg: '#ffffff',
      bodyBg: '#eff4f9',
    },
  },
};
