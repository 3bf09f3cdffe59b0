import { useEffect, useState } from 'preact/hooks';

import { browser } from '#imports';
import { m } from '../i18n/privacy';
import { askToStartHere, type StartHere } from '../privacy/start-here';
import { siteById } from '../sites/registry';
import './privacy.css';

/**
 * The popup's first line on a page of a site set to "Only when I click": opening the popup is the click
 * (it grants `activeTab`), so this asks the background to start Rapport in that tab at once and says that it
 * runs, or what to do when it could not start. Shows nothing anywhere else.
 */
export function StartHereLine() {
  const [answer, setAnswer] = useState<StartHere | null>(null);

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
      setAnswer(tab?.id === undefined ? { state: 'none' } : await askToStartHere(tab.id));
    })();
  }, []);

  if (!answer || answer.state === 'none' || answer.state === 'automatic') return null;
  const name = siteById(answer.site)?.name ?? answer.site;
  if (answer.state === 'failed') {
    return (
      <p class="privacy-here error" role="alert">
        {answer.reason === 'no_access' ? m.privacy.noAccess(name) : m.privacy.startFailed(name)}
      </p>
    );
  }
  return (
    <p class="privacy-here" role="status">
      <strong class="ok">{m.privacy.runningHere(name)}</strong>
      <span class="hint">{m.privacy.runningUntil}</span>
    </p>
  );
}
