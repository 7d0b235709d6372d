/** Agent ids as the case history records them (the verified caller's id, see PRINCIPAL_ID). */
export const AGENT_ID = /^[A-Za-z0-9._@-]{1,100}$/;
