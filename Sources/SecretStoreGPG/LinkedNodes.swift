/// The nodes of one of gpgme's singly linked result lists (import statuses, recipients, subkeys,
/// user IDs), from `first` until a NULL `next`. The nodes belong to gpgme: read them before the
/// context's next operation, or before the key that holds them is unreferenced.
func linkedNodes<Node>(
    from first: UnsafeMutablePointer<Node>?, next: @escaping (Node) -> UnsafeMutablePointer<Node>?
) -> UnfoldSequence<UnsafeMutablePointer<Node>, UnsafeMutablePointer<Node>?> {
    sequence(state: first) { current in
        guard let node = current else { return nil }
        current = next(node.pointee)
        return node
    }
}
