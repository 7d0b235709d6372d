import { useLanguages } from '../i18n/i18n';

/** The shipped languages as <option>s, each named in itself. */
export function LanguageOptions() {
  const { messages } = useLanguages();
  return (
    <>
      {(messages?.languages ?? []).map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
    </>
  );
}
