//! Checks on the course's structure: lessons, pages, blocks, images.

use super::{CAPTION_EXTS, Checker, IMAGE_EXTS, VIDEO_EXTS, is_language_tag};
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use std::path::Path;

impl Checker<'_> {
    pub(super) fn lesson(&mut self, lesson: &Lesson) {
        self.unique_id(&lesson.id, "lesson");
        self.text(
            &lesson.title,
            &format!("title of lesson `{}`", lesson.id.value),
        );
        if lesson.pages.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                lesson.pages.pos,
                format!("lesson `{}` has no pages", lesson.id.value),
                "add at least one page with one block",
            );
        }
        for page in lesson.pages.iter() {
            self.page(page);
        }
        if let Some(check) = &lesson.check {
            self.unique_id(&check.id, "knowledge check");
            if let Some(title) = &check.title {
                self.text(title, &format!("title of check `{}`", check.id.value));
            }
            self.questions(&check.id, "check", &check.questions, check.feedback);
        }
    }

    fn page(&mut self, page: &Page) {
        if self.unique_id(&page.id, "page") {
            self.pages.insert(page.id.value.clone(), page.id.pos);
        }
        let where_ = format!("page `{}`", page.id.value);
        self.text(&page.title, &format!("title of {where_}"));
        if page.blocks.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                page.blocks.pos,
                format!("{where_} has no content blocks"),
                "add at least one block, e.g. `- text: {nl: ..., en: ...}`",
            );
        }
        for block in page.blocks.iter() {
            self.block(block, &where_);
        }
    }

    fn block(&mut self, block: &Located<Block>, where_: &str) {
        match &block.value {
            Block::Heading(t) => self.text(t, &format!("heading on {where_}")),
            Block::Text(t) => self.markdown(t, &format!("text on {where_}")),
            Block::Image(image) => self.image(image, where_),
            Block::Callout(callout) => {
                if let Some(title) = &callout.title {
                    self.text(title, &format!("callout title on {where_}"));
                }
                self.markdown(&callout.text, &format!("callout on {where_}"));
            }
            Block::List(list) => {
                if list.items.is_empty() {
                    self.report(
                        rules::STRUCTURE_EMPTY,
                        list.items.pos,
                        format!("list on {where_} has no items"),
                        "add items or remove the list",
                    );
                }
                for item in list.items.iter() {
                    self.markdown(item, &format!("list item on {where_}"));
                }
            }
            Block::Links(links) => {
                if links.is_empty() {
                    self.report(
                        rules::STRUCTURE_EMPTY,
                        links.pos,
                        format!("links block on {where_} is empty"),
                        "add links or remove the block",
                    );
                }
                for link in links.iter() {
                    self.plain(&link.title, "link title");
                    self.url(&link.url);
                    if let Some(lang) = &link.lang
                        && !is_language_tag(lang)
                    {
                        self.report(
                            rules::LANG_TAG,
                            lang.pos,
                            format!("`{}` (the language of link `{}`) is not a BCP 47 language tag", lang.value, link.title.value),
                            "use a tag such as `en`, `fr` or `pt-BR`, the language the title is written in",
                        );
                    }
                    if let Some(note) = &link.note {
                        self.markdown(note, &format!("note of link `{}`", link.title.value));
                    }
                }
            }
            Block::Video(video) => {
                self.asset(&video.src, VIDEO_EXTS, "video");
                self.text(&video.title, &format!("video title on {where_}"));
                self.localized(
                    &video.captions,
                    &format!("captions of the video on {where_}"),
                );
                for captions in video.captions.0.values() {
                    self.asset(captions, CAPTION_EXTS, "captions");
                }
                if let Some(poster) = &video.poster {
                    self.asset(poster, IMAGE_EXTS, "poster image");
                }
                if let Some(t) = &video.transcript {
                    self.markdown(t, &format!("video transcript on {where_}"));
                }
            }
        }
    }

    fn image(&mut self, image: &Image, where_: &str) {
        self.asset(&image.src, IMAGE_EXTS, "image");
        let what = format!("alt text of image `{}` on {where_}", image.src.value);
        self.localized(&image.alt, &what);
        let file_name = Path::new(image.src.as_str())
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase());
        for (lang, alt) in image.alt.0.iter() {
            if self.string_limits(alt, alt.pos, &format!("{what} (`{lang}`)")) {
                continue;
            }
            let trimmed = alt.trim().to_lowercase();
            let looks_like_file = file_name.as_deref() == Some(trimmed.as_str())
                || IMAGE_EXTS
                    .iter()
                    .any(|ext| trimmed.ends_with(&format!(".{ext}")));
            if trimmed.is_empty() {
                self.report(
                    rules::IMAGE_ALT,
                    alt.pos,
                    format!("{what} is empty in `{lang}`"),
                    "describe what the image shows and why it is there; screen-reader users hear this text instead of seeing the image",
                );
            } else if looks_like_file {
                self.report(
                    rules::IMAGE_ALT,
                    alt.pos,
                    format!("{what} in `{lang}` is a file name, not a description"),
                    "describe what the image shows, e.g. \"Bar chart of listening minutes per month\"",
                );
            }
        }
        if let Some(caption) = &image.caption {
            self.markdown(caption, &format!("caption of image `{}`", image.src.value));
        }
    }
}
