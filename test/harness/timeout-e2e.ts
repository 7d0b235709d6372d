// jest-circus ignores a project-level testTimeout, so each project sets its own here.
jest.setTimeout(60_000);
