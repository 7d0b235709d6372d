import { en, type ConsoleMessages } from './en';

// Not translated yet: English stands in until this file has its own text.
export const ja: ConsoleMessages = { ...en };
