# ruff: noqa
# source: https://github.com/meetps/pytorch-semseg/issues/24
# cause: the file uses the Python 2 print statement, a syntax error under Python 3, so nothing runs; add parentheses.
# class: 8
# mistake: line 16, variable print
# fix: replace line 16 with: print("Pre-encoding segmentation masks...")
# error: SyntaxError: Missing parentheses
# expect: runs clean; masks.shape == (4, 8, 8)
# cause-words: print, syntax|parenthes
# fix-words: print(|parenthes

import torch


def setup_annotations(n, size):
    print "Pre-encoding segmentation masks..."
    masks = torch.zeros(n, size, size, dtype=torch.long)
    for i in range(n):
        masks[i, : size // 2] = 1
    return masks


masks = setup_annotations(4, 8)
