/** The project roles the console ships (SPEC.md §1), and `custom` for any other binding. */
export const PROJECT_ROLES = ['admin', 'operator', 'viewer', 'custom'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** Maps the role the API names onto one we know; anything unexpected counts as `custom`. */
export function toProjectRole(role: string): ProjectRole {
  return (PROJECT_ROLES as readonly string[]).includes(role) ? (role as ProjectRole) : 'custom';
}

const ROLE_COLORS: Record<ProjectRole, string> = {
  admin: 'volcano',
  operator: 'blue',
  viewer: 'default',
  custom: 'purple',
};

/** The tag colour of a role. */
export function roleColor(role: ProjectRole): string {
  return ROLE_COLORS[role];
}
