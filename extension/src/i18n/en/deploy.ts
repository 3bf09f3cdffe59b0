/** English text of managed deployment (a server URL set by policy); Italian in ../it/deploy.ts. */
export const deploy = {
  setByOrganisation: 'Set by your organisation: you only sign in with your email and password.',
  suggestedByOrganisation:
    'Suggested by your organisation. Change it only if your IT department asks you to.',
  invalidPolicy: (value: string) =>
    `Your organisation set the server URL to "${value}", which is not a web address. Ask your IT department to correct it; meanwhile you can enter the address yourself.`,
  lockedServer: (server: string) => `Your organisation allows signing in to ${server} only.`,
};
