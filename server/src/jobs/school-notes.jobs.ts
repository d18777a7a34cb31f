/** Durable jobs of school messaging, part "notes". */
export const schoolNotesJobs = [] as const;
