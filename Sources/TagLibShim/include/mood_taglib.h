#ifndef MOOD_TAGLIB_H
#define MOOD_TAGLIB_H

#ifdef __cplusplus
extern "C" {
#endif

/// Called once per tag property with its key (upper case, e.g. "TITLE", "MUSICBRAINZ_TRACKID")
/// and first value, both UTF-8.
typedef void (*mood_tag_visitor)(void *context, const char *key, const char *value);

/// Reads the tags of `path` with TagLib's unified property map (which TagLib 1.13's C API
/// does not expose), calling `visit` for each property. Returns the length in whole seconds
/// (0 when unknown), or -1 when TagLib cannot open the file as audio.
int mood_taglib_read(const char *path, mood_tag_visitor visit, void *context);

#ifdef __cplusplus
}
#endif

#endif
