import { useEffect, useState } from 'preact/hooks';

import { m } from '../i18n/privacy';
import { sendToBackground } from '../messaging';
import { modeOf, type SiteModes, setSiteMode, siteModes } from '../privacy/site-modes';
import { SITES, type Site, type SiteId, type SiteMode } from '../sites/registry';
import { session } from '../storage';
import './privacy.css';

type Saved = { kind: 'saved'; mode: SiteMode } | { kind: 'failed' };

/**
 * The options page's "Privacy" section: per site, "Automatically" or "Only when I click" (radio buttons,
 * saved as soon as one is chosen, with a confirmation read out by screen readers), and in plain words what
 * Rapport reads there and where it goes (the signed-in server's URL). The background follows the choice
 * (src/privacy/registration.ts); a change made in another window shows here too.
 */
export function PrivacySettings() {
  const [modes, setModes] = useState<SiteModes | null>(null);
  const [serverUrl, setServerUrl] = useState<string | null>(null);
  const [saved, setSaved] = useState<Partial<Record<SiteId, Saved>>>({});

  useEffect(() => {
    void siteModes.getValue().then(setModes);
    const readServer = async () => {
      const res = await sendToBackground({ type: 'status' });
      setServerUrl(res.ok && res.data.signedIn ? res.data.serverUrl : null);
    };
    void readServer();
    const unwatchModes = siteModes.watch((next) => setModes(next ?? {}));
    const unwatchSession = session.watch(() => void readServer());
    return () => {
      unwatchModes();
      unwatchSession();
    };
  }, []);

  const choose = async (site: Site, mode: SiteMode) => {
    setModes((all) => ({ ...all, [site.id]: mode }));
    try {
      await setSiteMode(site.id, mode);
      setSaved((all) => ({ ...all, [site.id]: { kind: 'saved', mode } }));
    } catch {
      setModes(await siteModes.getValue().catch(() => modes));
      setSaved((all) => ({ ...all, [site.id]: { kind: 'failed' } }));
    }
  };

  return (
    <section class="card privacy" aria-labelledby="privacy-title">
      <h2 id="privacy-title">{m.privacy.title}</h2>
      <p class="privacy-intro">{m.privacy.intro}</p>
      {modes === null ? (
        <p role="status">{m.common.loading}</p>
      ) : (
        SITES.map((site) => (
          <SiteChoice
            key={site.id}
            site={site}
            mode={modeOf(modes, site.id)}
            saved={saved[site.id]}
            serverUrl={serverUrl}
            onChoose={(mode) => void choose(site, mode)}
          />
        ))
      )}
      <p class="hint">{m.privacy.shortcut}</p>
    </section>
  );
}

interface SiteChoiceProps {
  site: Site;
  mode: SiteMode;
  saved: Saved | undefined;
  serverUrl: string | null;
  onChoose: (mode: SiteMode) => void;
}

function SiteChoice({ site, mode, saved, serverUrl, onChoose }: SiteChoiceProps) {
  const text = m.privacy.sites[site.id];
  const options: { mode: SiteMode; label: string; hint: string }[] = [
    { mode: 'automatic', label: m.privacy.automatic, hint: m.privacy.automaticHint },
    { mode: 'click', label: m.privacy.onClick, hint: m.privacy.onClickHint },
  ];
  const confirmation =
    saved?.kind === 'failed'
      ? m.privacy.saveFailed
      : saved?.kind === 'saved'
        ? saved.mode === 'click'
          ? m.privacy.savedOnClick(site.name)
          : m.privacy.savedAutomatic(site.name)
        : '';
  return (
    <div class="privacy-site">
      <h3>{site.name}</h3>
      <fieldset>
        <legend>{m.privacy.modeLegend(site.name)}</legend>
        {options.map((option) => {
          const id = `privacy-${site.id}-${option.mode}`;
          return (
            <div class="privacy-choice" key={option.mode}>
              <input
                type="radio"
                id={id}
                name={`privacy-${site.id}`}
                value={option.mode}
                checked={mode === option.mode}
                aria-describedby={`${id}-hint`}
                onChange={() => onChoose(option.mode)}
              />
              <label for={id}>{option.label}</label>
              <p class="hint" id={`${id}-hint`}>
                {option.hint}
              </p>
            </div>
          );
        })}
      </fieldset>
      <dl>
        <dt>{m.privacy.readsHeading}</dt>
        <dd>{text.reads}</dd>
        <dt>{m.privacy.sentHeading}</dt>
        <dd>
          {text.sent} {serverUrl ? m.privacy.sentTo(serverUrl) : m.privacy.sentToNoServer}
        </dd>
      </dl>
      <p class={saved?.kind === 'failed' ? 'privacy-saved error-text' : 'privacy-saved ok'} role="status">
        {confirmation}
      </p>
    </div>
  );
}
