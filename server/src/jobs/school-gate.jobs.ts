/** Durable jobs of school messaging, part "gate". */
export const schoolGateJobs = [] as const;
