// The shape of a namespace's messages, apart from i18n.ts so that Node-side tests can read
// messages.ts without loading i18next and the DOM.

/** A namespace's messages: nested keys, strings at the leaves ({{name}} interpolates). */
export type MessageTree = { [key: string]: string | MessageTree };
/** The English messages must have exactly the Chinese ones' keys. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };
