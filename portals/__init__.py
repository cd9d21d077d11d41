"""Several portals on one installation (docs/mehrere-portale.md): the portal model, the host table, the middleware
that finds a request's portal, memberships and the current portal of the admin. Imports only core and pagecache;
feature apps may import its models."""
