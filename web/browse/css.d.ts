// esbuild bundles CSS imports into browse.css; to TypeScript they are modules without exports.
declare module "*.css";
