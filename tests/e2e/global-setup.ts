import { assertExtensionBuilt, buildExtension, CHROMIUM, checkChromium, EXTENSION_DIR } from './harness';

/**
 * Once per e2e run: Chromium must be there (a missing browser fails the run with the install command; the
 * browser tests are never skipped), and the extension is built. `npm test` builds it in its own step just
 * before and sets RAPPORT_E2E_PREBUILT=1, so it is not built twice; then only its presence is checked.
 */
export default function setup(): void {
  const version = checkChromium();
  if (process.env.RAPPORT_E2E_PREBUILT === '1') {
    assertExtensionBuilt();
  } else {
    const started = Date.now();
    buildExtension();
    process.stdout.write(`e2e: built the extension in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  process.stdout.write(`e2e: ${version} at ${CHROMIUM}, extension ${EXTENSION_DIR}\n`);
}
