//! `coursepack preview`: serve a course from its source with live reload.
