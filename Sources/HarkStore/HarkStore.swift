// The call store lives in CallStore.swift; this file only anchors the module until then.
