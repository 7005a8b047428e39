// The township area's GraphQL documents: its pages use the registry documents of
// roles/admin/operations.ts (shared registry components), so none of its own yet.
export {};
