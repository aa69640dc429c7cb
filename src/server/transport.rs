//! Standard input and output as the protocol's connection: `lsp-server`'s stdio transport, but
//! with what a message may claim capped before anything is allocated. (Its own reader allocates
//! whatever `Content-Length` says, and aborts the process on `Content-Length: 999999999999999`.)
//! A message larger than [`MAX_MESSAGE_BYTES`] is read past and dropped (an editor that opens a
//! huge file gets no findings for it, and the server goes on), and so is a body that is not a
//! message; a malformed header ends the connection, as the stream cannot be followed past it.

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read};
use std::thread::JoinHandle;

/// The largest message read: a buffer's text as JSON (content holds 16 KB; iclint reads files of
/// at most 100 MiB, and JSON may double a text's size with escapes).
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// The longest header line read.
const MAX_HEADER_BYTES: u64 = 4096;

/// The connection, and the thread that writes to standard output (join it to flush the last
/// messages).
pub fn stdio() -> (Connection, JoinHandle<()>) {
    let (writer_sender, writer_receiver): (Sender<Message>, Receiver<Message>) = bounded(0);
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = stdout.lock();
        for message in writer_receiver {
            if message.write(&mut stdout).is_err() {
                return;
            }
        }
    });
    let (reader_sender, reader_receiver) = bounded::<Message>(0);
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut stdin = stdin.lock();
        loop {
            let message = match read(&mut stdin) {
                Ok(Some(Some(message))) => message,
                Ok(Some(None)) => continue,
                Ok(None) => return,
                Err(error) => {
                    eprintln!("iclint server: cannot read a message: {error}");
                    return;
                }
            };
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if reader_sender.send(message).is_err() || exit {
                return;
            }
        }
    });
    let connection = Connection {
        sender: writer_sender,
        receiver: reader_receiver,
    };
    (connection, writer)
}

/// Reads one message: `None` at the end of the input, `Some(None)` for a message too large
/// (read past), an error for a malformed one.
fn read(input: &mut impl BufRead) -> io::Result<Option<Option<Message>>> {
    let mut length = None;
    let mut headers = Vec::new();
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_BYTES)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\r\n") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a header line that does not end in CRLF",
            ));
        }
        if line == b"\r\n" {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        if let Some((name, value)) = text.trim_end().split_once(':')
            && name.eq_ignore_ascii_case("Content-Length")
        {
            length = value.trim().parse::<u64>().ok();
        }
        headers.extend_from_slice(&line);
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message without Content-Length",
        ));
    };
    if length > MAX_MESSAGE_BYTES as u64 {
        eprintln!(
            "iclint server: a message of {length} bytes is over the limit of {MAX_MESSAGE_BYTES}: dropped"
        );
        io::copy(&mut input.by_ref().take(length), &mut io::sink())?;
        return Ok(Some(None));
    }
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if body.len() as u64 != length {
        return Ok(None);
    }
    let mut frame = format!("Content-Length: {length}\r\n\r\n").into_bytes();
    frame.extend_from_slice(&body);
    // A body that is not a message is dropped; the stream goes on at the next header.
    match Message::read(&mut io::Cursor::new(frame)) {
        Ok(message) => Ok(Some(message)),
        Err(error) => {
            eprintln!("iclint server: a message that cannot be read, dropped: {error}");
            Ok(Some(None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_messages_and_refuses_what_is_too_large() {
        let body = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let wire = format!("Content-Length: {}\r\nX: y\r\n\r\n{body}", body.len());
        let mut input = io::Cursor::new(wire.into_bytes());
        assert!(matches!(
            read(&mut input).unwrap(),
            Some(Some(Message::Notification(_)))
        ));
        assert!(read(&mut input).unwrap().is_none());
        let huge = format!("Content-Length: {}\r\n\r\n{{}}", u64::MAX);
        assert!(matches!(
            read(&mut io::Cursor::new(huge)).unwrap(),
            Some(None)
        ));
        let garbage = "Content-Length: 5\r\n\r\n{{{{{";
        assert!(matches!(
            read(&mut io::Cursor::new(garbage)).unwrap(),
            Some(None)
        ));
        let long_header = "X".repeat(10_000);
        assert!(read(&mut io::Cursor::new(long_header)).is_err());
    }
}
