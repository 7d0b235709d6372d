import { dropRunDatabases, dropTemplateDatabase } from './database';
import { getHarnessState, harnessLog, HARNESS_ENV, setHarnessState } from './global-state';
import { stopTestKeycloak } from './keycloak';

export default async function globalTeardown(): Promise<void> {
  const state = getHarnessState();
  if (!state) return;
  state.refs -= 1;
  if (state.refs > 0) return;
  setHarnessState(undefined);
  const { infra, runId } = state;
  try {
    // Local and container servers vanish with the run; a shared env server must be left clean.
    if (infra.kind === 'env') {
      const dropped = await dropRunDatabases(runId, infra.databaseServerUrl);
      for (const t of state.templates) await dropTemplateDatabase(t, infra.databaseServerUrl);
      harnessLog(`dropped ${dropped.length} test database(s) and ${state.templates.length} template(s)`);
    }
  } finally {
    await Promise.all([infra.stop(), stopTestKeycloak(state.keycloak.server, state.keycloak.root)]);
    for (const k of HARNESS_ENV) delete process.env[k];
  }
}
