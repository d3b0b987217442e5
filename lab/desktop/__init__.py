"""Desktop integration: launcher, AppStream metainfo and the application icon (Qt-free)."""
