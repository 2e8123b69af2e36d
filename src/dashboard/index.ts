import type { Capability } from '../capability.ts';
export const dashboardCapability: Capability = { name: 'dashboard' };
