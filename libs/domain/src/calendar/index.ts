export * from './working-calendar';
export * from './deadline-clock';
export * from './reminder-policy';
