import type { Complaint } from '../db/rows.js';
import type { ComplaintStatus } from './complaint-lifecycle.js';
import type { ComplaintSeverity } from './deadlines.js';

const complaintCategories = ['no_show', 'lateness', 'service_quality', 'carer_conduct', 'billing', 'service_not_delivered', 'other'] as const;
export type ComplaintCategory = (typeof complaintCategories)[number];

/** A ticket as stored, with its status and severity typed. */
export type ComplaintRow = Omit<Complaint, 'status' | 'severity'> & { status: ComplaintStatus; severity: ComplaintSeverity };
