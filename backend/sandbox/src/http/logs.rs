//! `pods/{name}/log`: checks the Pod and container as the API server does, then streams
//! from the log source the simulated kubelet plugs in.

use axum::body::Body;
use axum::response::Response;
use futures::StreamExt;
use serde_json::Value;

use super::{Ctx, Target};
use crate::LogParams;
use crate::error::Error;

/// Serves a log request.
pub(crate) async fn serve(ctx: &Ctx, t: &Target) -> Result<Response, Error> {
    let pod = ctx.sb.store().get_raw(t.resource, &t.namespace, &t.name)?;
    let names: Vec<&str> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let init: Vec<&str> = pod
        .pointer("/spec/initContainers")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    let container = match ctx.param("container").filter(|c| !c.is_empty()) {
        Some(c) => {
            if !names.contains(&c) && !init.contains(&c) {
                return Err(Error::BadRequest(format!(
                    "container {c} is not valid for pod {}",
                    t.name
                )));
            }
            c.to_owned()
        }
        None => match names.as_slice() {
            [one] => (*one).to_owned(),
            _ => {
                return Err(Error::BadRequest(format!(
                    "a container name must be specified for pod {}, choose one of: [{}]",
                    t.name,
                    names.join(" ")
                )));
            }
        },
    };
    let int = |k: &str| ctx.param(k).and_then(|v| v.parse::<i64>().ok());
    let params = LogParams {
        container: Some(container.clone()),
        follow: ctx.flag("follow"),
        previous: ctx.flag("previous"),
        timestamps: ctx.flag("timestamps"),
        tail_lines: int("tailLines"),
        since_seconds: int("sinceSeconds"),
        since_time: ctx.param("sinceTime").map(str::to_owned),
        limit_bytes: int("limitBytes"),
    };
    let Some(source) = ctx.sb.log_source() else {
        return Err(Error::BadRequest(format!(
            "container {container:?} in pod {:?} is waiting to start: ContainerCreating",
            t.name
        )));
    };
    let stream = source.logs(&t.namespace, &t.name, params).await?;
    Response::builder()
        .header(http::header::CONTENT_TYPE, "text/plain")
        .body(Body::from_stream(stream.map(Ok::<_, std::io::Error>)))
        .map_err(Error::internal)
}
