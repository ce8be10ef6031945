//! `junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure) show as test
//! results. One `<testsuite>` per file with diagnostics and one failing
//! `<testcase>` per diagnostic; a clean run is one passing test case.
//!
//! ```xml
//! <testsuites name="gradus" tests="1" failures="1" errors="0">
//!   <testsuite name="app.py" tests="1" failures="1" errors="0">
//!     <testcase name="unresolved-import at 1:8" classname="app.py" file="app.py" line="1">
//!       <failure type="error" message="Cannot resolve ...">app.py:1:8: error[unresolved-import]: ...</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```

use std::io;

use gradus_db::Db;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{diagnostic_span, display_path, render_concise, ReportOptions};
use crate::CheckResult;

pub(super) fn render(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> String {
    write(db, result, options).expect("writing XML to memory cannot fail")
}

fn write(db: &dyn Db, result: &CheckResult, options: &ReportOptions) -> io::Result<String> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    // Diagnostics are sorted by path: group consecutive ones.
    let mut suites: Vec<(String, Vec<&gradus_db::Diagnostic>)> = Vec::new();
    for d in &result.diagnostics {
        let path = display_path(d.file.path(db), options.cwd);
        match suites.last_mut() {
            Some((last, list)) if *last == path => list.push(d),
            _ => suites.push((path, vec![d])),
        }
    }
    let total = result.diagnostics.len();
    let tests = total.max(1).to_string();
    let failures = total.to_string();
    writer
        .create_element("testsuites")
        .with_attribute(("name", "gradus"))
        .with_attribute(("tests", tests.as_str()))
        .with_attribute(("failures", failures.as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|w| {
            if suites.is_empty() {
                let checked = format!("checked {} files", result.checked_files);
                w.create_element("testsuite")
                    .with_attribute(("name", "gradus"))
                    .with_attribute(("tests", "1"))
                    .with_attribute(("failures", "0"))
                    .with_attribute(("errors", "0"))
                    .write_inner_content(|w| {
                        w.create_element("testcase")
                            .with_attribute(("name", "gradus check"))
                            .with_attribute(("classname", "gradus"))
                            .write_inner_content(|w| {
                                w.create_element("system-out")
                                    .write_text_content(BytesText::new(&checked))?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                return Ok(());
            }
            for (path, list) in &suites {
                let count = list.len().to_string();
                w.create_element("testsuite")
                    .with_attribute(("name", path.as_str()))
                    .with_attribute(("tests", count.as_str()))
                    .with_attribute(("failures", count.as_str()))
                    .with_attribute(("errors", "0"))
                    .write_inner_content(|w| {
                        for d in list {
                            let ((line, col), _) = diagnostic_span(db, d);
                            let name = format!("{} at {line}:{col}", d.code);
                            let line = line.to_string();
                            let message = d.message.replace('\n', " ");
                            let body = render_concise(db, d, options.cwd);
                            w.create_element("testcase")
                                .with_attribute(("name", name.as_str()))
                                .with_attribute(("classname", path.as_str()))
                                .with_attribute(("file", path.as_str()))
                                .with_attribute(("line", line.as_str()))
                                .write_inner_content(|w| {
                                    w.create_element("failure")
                                        .with_attribute(("type", d.severity.as_str()))
                                        .with_attribute(("message", message.as_str()))
                                        .write_text_content(BytesText::new(&body))?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    let mut out = String::from_utf8(writer.into_inner()).expect("XML is UTF-8");
    out.push('\n');
    Ok(out)
}
