//! Stream compression and the file's save options.

/// Flate-compress every stream not compressed yet. lopdf's own `compress`
/// uses level 9, which took a third of the render time on the 200 KB CJK
/// subset for <0.1% smaller output; level 6 is the zlib default (level 1
/// would be 30% faster again but 7% larger).
pub(crate) fn compress_streams(doc: &mut lopdf::Document) {
    for obj in doc.objects.values_mut() {
        if let lopdf::Object::Stream(st) = obj {
            compress(st);
        }
    }
}

/// A stream of `content`, compressed at once: a page's content is held
/// compressed from the moment it is made, not until the whole file is done.
pub(crate) fn compressed(dict: lopdf::Dictionary, content: Vec<u8>) -> lopdf::Stream {
    let mut st = lopdf::Stream::new(dict, content);
    compress(&mut st);
    st
}

/// Compresses `st` where that makes it smaller (see [`compress_streams`]).
fn compress(st: &mut lopdf::Stream) {
    use std::io::Write;
    if st.dict.has(b"Filter") || st.content.len() < 64 {
        return;
    }
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    if enc.write_all(&st.content).is_err() {
        return;
    }
    if let Ok(z) = enc.finish()
        && z.len() < st.content.len()
    {
        st.dict
            .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
        st.set_content(z);
    }
}

/// Object streams (every dictionary, compressed together) and a
/// cross-reference stream instead of the table: page, font and outline
/// dictionaries compress well together, and the table's 20 bytes an object
/// become 7.
pub(crate) fn save_options() -> lopdf::SaveOptions {
    lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(1000)
        .compression_level(6)
        .build()
}
