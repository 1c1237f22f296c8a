// The release version; package-app.sh checks that app.conf and app.manifest agree with it.
export const VERSION = '1.0.0';
