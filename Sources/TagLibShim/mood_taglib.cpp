#include "mood_taglib.h"

#include <taglib/fileref.h>
#include <taglib/infotag.h>
#include <taglib/tpropertymap.h>
#include <taglib/wavfile.h>

extern "C" int mood_taglib_read(const char *path, mood_tag_visitor visit, void *context) {
    TagLib::FileRef ref(path, true, TagLib::AudioProperties::Fast);
    if (ref.isNull() || ref.file() == nullptr || !ref.file()->isValid()) return -1;
    TagLib::PropertyMap map = ref.file()->properties();
    // A WAV file's properties are its ID3v2 tag's; most WAV taggers (and ffmpeg) write a RIFF INFO chunk.
    if (auto *wav = dynamic_cast<TagLib::RIFF::WAV::File *>(ref.file())) {
        if (map.isEmpty() && wav->hasInfoTag()) map = wav->InfoTag()->properties();
    }
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->second.isEmpty()) continue;
        const std::string key = it->first.to8Bit(true), value = it->second.front().to8Bit(true);
        visit(context, key.c_str(), value.c_str());
    }
    const TagLib::AudioProperties *properties = ref.audioProperties();
    const int length = properties != nullptr ? properties->lengthInSeconds() : 0;
    return length > 0 ? length : 0;
}
