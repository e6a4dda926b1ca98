/** What selector parsing returns: never throws, errors are human sentences. */
export type Result<T> = { ok: true; selector: T } | { ok: false; error: string };
