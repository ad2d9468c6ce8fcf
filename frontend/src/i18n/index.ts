import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { enTranslation, zhCNTranslation } from './resources';

/** The languages the console speaks, as BCP 47 tags (also used for `<html lang>`). */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** localStorage key holding the language the user picked. */
export const LANGUAGE_STORAGE_KEY = 'jobconsole.language';
/** Cookie the backend reads to render the shell's `<html lang>` and title. */
export const LANGUAGE_COOKIE = 'jobconsole-lang';

export const resources = {
  en: { translation: enTranslation },
  'zh-CN': { translation: zhCNTranslation },
} as const;

/** Maps any language tag to one we speak: `zh`, `zh-Hans`, `zh-CN` → `zh-CN`; else `en`. */
export function toLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const lower = tag.toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

function storedLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null; // storage disabled: fall through to the page and the browser
  }
}

/**
 * The language to start in: the user's earlier pick, then the shell's `<html lang>` (the
 * backend sets it), then the browser's language, then English.
 */
export function detectLanguage(doc: Document = document, nav: Navigator = navigator): Language {
  return (
    toLanguage(storedLanguage()) ??
    toLanguage(doc.documentElement.lang) ??
    toLanguage(nav.language) ??
    'en'
  );
}

/**
 * Switches the UI language and remembers it: in localStorage for the SPA, and in a cookie
 * so that the backend renders the next shell (`<html lang>`, title) in the same language.
 */
export async function changeLanguage(instance: i18n, language: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  document.cookie = `${LANGUAGE_COOKIE}=${language}; path=/; max-age=31536000; SameSite=Lax`;
  await instance.changeLanguage(language);
}

/** Creates and initialises an i18next instance for the console. */
export function createI18n(language: Language = detectLanguage()): i18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
