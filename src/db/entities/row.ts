// The row of a table as the stores send it to Postgres (as JSON): an entity's column properties without its
// relations, a timestamp as its ISO text.

/** What a column property can hold; a relation holds an entity (or a list of them) instead. */
type ColumnValue = string | number | boolean | Date | readonly string[] | null;

type AsJson<T> = T extends Date ? string : T;

export type Row<E> = { [K in keyof E as E[K] extends ColumnValue ? K : never]: AsJson<E[K]> };
