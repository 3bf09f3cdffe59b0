import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// WXT has no Preact module; the Vite preset handles JSX and aliases.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    name: 'Rapport',
    description: 'Key account and stakeholder context from your own Rapport server, in Gmail and LinkedIn.',
    // scripting + activeTab: privacy mode registers content scripts per site or injects them on a click.
    permissions: ['storage', 'scripting', 'activeTab'],
    host_permissions: ['http://localhost/*', 'http://127.0.0.1/*'],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
  },
});
