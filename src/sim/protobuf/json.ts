// The JSON values the decoder produces (the same shape as the server's request bodies).

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
