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

export async function createOrganization(db: Queryable, name: string): Promise<OrganizationProfile> {
  const rows = (await db.query(
    `INSERT INTO organization (id, name) VALUES ($1, $2) RETURNING id, name, description, email, website`,
    [`org-${randomUUID()}`, name.trim()],
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

/** Organisations whose name matches, for the "claim your listing" search. */
export async function searchOrganizations(
  db: Queryable,
  text: string,
  limit = 20,
): Promise<OrganizationProfile[]> {
  return (await db.query(
    `SELECT id, name, description, email, website FROM organization
     WHERE name ILIKE '%' || $1 || '%' ORDER BY similarity(name, $1) DESC, name LIMIT $2`,
    [text.replace(/[%_\\]/g, ''), limit],
  )) as OrganizationProfile[];
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
