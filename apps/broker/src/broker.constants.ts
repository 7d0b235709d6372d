// Moved to contracts (operator nodes need it to recognise broker refusals); re-exported for broker code and tests.
export { BROKER_SENDER_CODE } from '@postbridge/contracts';
