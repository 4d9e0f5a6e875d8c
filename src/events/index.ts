export type * from './rc-call-ended.js';
export type * from './rc-call-incoming.js';
export type * from './rc-call-state-change.js';
export type * from './rc-connection-change.js';
export type * from './rc-error.js';
export type * from './rc-registration-change.js';
