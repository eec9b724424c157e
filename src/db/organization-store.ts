// SQL for organisation profiles as organisers see and edit them.
import { randomUUID } from 'node:crypto';
import type { Queryable } from './queryable.js';

export interface OrganizationProfile {
  id: string;
  name: string;
  description: string | null;
  email: string | null;
  website: string | null;
}

export async function createOrganization(
  db: Queryable,
  name: string,
  profile: Partial<Omit<OrganizationProfile, 'id' | 'name'>> = {},
): Promise<OrganizationProfile> {
  const rows = (await db.query(
    `INSERT INTO organization (id, name, description, email, website) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, name, description, email, website`,
    [
      `org-${randomUUID()}`,
      name.trim(),
      profile.description ?? null,
      profile.email ?? null,
      profile.website ?? null,
    ],
  )) as OrganizationProfile[];
  return rows[0];
}

export async function findOrganization(db: Queryable, id: string): Promise<OrganizationProfile | null> {
  const rows = (await db.query(
    `SELECT id, name, description, email, website FROM organization WHERE id = $1`,
    [id],
  )) as OrganizationProfile[];
  return rows[0] ?? null;
}

export async function updateOrganization(
  db: Queryable,
  id: string,
  fields: Omit<OrganizationProfile, 'id'>,
): Promise<void> {
  await db.query(
    `UPDATE organization SET name = $2, description = $3, email = $4, website = $5, updated_at = now() WHERE id = $1`,
    [id, fields.name, fields.description, fields.email, fields.website],
  );
}

/** An organisation found by the claim search, with the names of its activities that matched. */
export interface OrganizationMatch extends OrganizationProfile {
  /** When its own name did not match: its activities whose names did, best first (at most three). */
  matchedActivities: string[];
}

/**
 * Organisations whose own name, or any of whose activities' names, matches the words: as typed anywhere in the name
 * (ILIKE), or close to a run of words in it despite typos (pg_trgm's word similarity, "knitt and natter" for "Knit
 * and Natter"). Both read the names' trigram indexes. Ranked by the best match, the organisation's own name a
 * little ahead of an activity's, then by how close the whole name is.
 */
export async function searchOrganizations(
  db: Queryable,
  text: string,
  limit = 20,
): Promise<OrganizationMatch[]> {
  const words = text.replace(/\s+/g, ' ').trim();
  const literal = words.replace(/[%_\\]/g, '');
  const rows = (await db.query(
    `WITH hits AS (
       SELECT id AS organization_id, NULL::text AS activity,
              word_similarity($1, name) + CASE WHEN name ILIKE '%' || $2 || '%' THEN 0.5 ELSE 0 END
                + 0.1 * similarity($1, name) AS score
       FROM organization WHERE $1 <% name OR name ILIKE '%' || $2 || '%'
       UNION ALL
       SELECT organization_id, name,
              0.95 * (word_similarity($1, name) + CASE WHEN name ILIKE '%' || $2 || '%' THEN 0.5 ELSE 0 END
                + 0.1 * similarity($1, name))
       FROM service WHERE organization_id IS NOT NULL AND ($1 <% name OR name ILIKE '%' || $2 || '%')
     ), best AS (
       SELECT organization_id, max(score) AS score,
              CASE WHEN bool_or(activity IS NULL) THEN NULL
                   ELSE array_agg(activity ORDER BY score DESC) END AS activities
       FROM hits GROUP BY organization_id
     )
     SELECT o.id, o.name, o.description, o.email, o.website, b.score,
            coalesce(b.activities, '{}') AS activities
     FROM best b JOIN organization o ON o.id = b.organization_id
     ORDER BY b.score DESC, o.name LIMIT $3`,
    [words, literal, limit],
  )) as (OrganizationProfile & { score: number; activities: string[] })[];
  return rows.map(({ score: _score, activities, ...org }) => ({
    ...org,
    matchedActivities: [...new Set(activities)].slice(0, 3),
  }));
}

export async function servicesOfOrganization(
  db: Queryable,
  organizationId: string,
): Promise<{ id: string; name: string; status: string; assured_date: string | null; source: string }[]> {
  return (await db.query(
    `SELECT id, name, status, assured_date::text, source FROM service WHERE organization_id = $1 ORDER BY name`,
    [organizationId],
  )) as { id: string; name: string; status: string; assured_date: string | null; source: string }[];
}
