import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, changeLanguage, toLanguage, type Language } from '@/i18n';

/** Picks the UI language; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = toLanguage(i18n.resolvedLanguage) ?? 'en';

  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      size="small"
      value={current}
      options={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      onChange={(language) => void changeLanguage(i18n, language)}
    />
  );
}
