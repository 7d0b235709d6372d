import { useMemo, useState } from 'react';
import { ApiError } from '../api/http';
import { useConsole } from '../console-context';
import { useT } from '../i18n/i18n';
import { ErrorNotice } from '../components/error-notice';
import { LanguageOptions } from '../components/language-options';
import { useToast } from '../components/toasts';

/** The agent's language and time zone, kept at the node: every screen and every answer follows them. */
export function ProfileScreen() {
  const t = useT();
  const toast = useToast();
  const { profile, saveProfile, session } = useConsole();
  const [language, setLanguage] = useState(profile.language ?? '');
  const [timeZone, setTimeZone] = useState(profile.timeZone ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [profile.effective.timeZone]), [profile.effective.timeZone]);

  const save = async () => {
    try {
      await saveProfile(language || null, timeZone || null);
      setError(null);
      toast(t('profile.saved'));
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };

  return (
    <section aria-labelledby="profile-title">
      <h1 id="profile-title" tabIndex={-1}>{t('screen.profile')}</h1>
      <p>{t('profile.signedInAs', { name: session.displayName, roles: session.roles.join(', ') })}</p>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} data-testid="profile-form">
        <label>
          {t('profile.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="profile-language">
            <option value="">{t('profile.languageDefault')}</option>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('profile.timeZone')}
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="profile-time-zone">
            <option value="">{t('profile.timeZoneDefault')}</option>
            {zones.map((z) => <option key={z} value={z}>{z}</option>)}
          </select>
        </label>
        {error && <ErrorNotice error={error} />}
        <button type="submit" data-testid="profile-save">{t('profile.save')}</button>
      </form>
      <p className="muted" data-testid="profile-effective">
        {t('profile.effective', { language: profile.effective.language, zone: profile.effective.timeZone })}
      </p>
    </section>
  );
}
