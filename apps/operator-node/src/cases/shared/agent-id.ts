/** Agent ids as X-Agent-Id carries them and the case history records them. */
export const AGENT_ID = /^[A-Za-z0-9._@-]{1,100}$/;
