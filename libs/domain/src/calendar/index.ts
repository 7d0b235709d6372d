export * from './working-calendar';
export * from './deadline-clock';
export * from './customs-window';
export * from './reminder-policy';
