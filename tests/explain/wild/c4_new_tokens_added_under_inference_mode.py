# ruff: noqa
# source: https://github.com/unslothai/unsloth-zoo/pull/137
# cause: the @torch.inference_mode decorator on add_new_tokens makes the resized lm_head and embedding weights inference tensors, so full fine-tuning later fails when autograd must save them; drop the decorator and do the copying under torch.no_grad.
# class: 4
# mistake: line 26, variable add_new_tokens
# fix: replace line 26 with: @torch.no_grad()
# error: RuntimeError: Inference tensors cannot be saved for backward
# expect: runs clean; model.lm_head.weight.grad is not None
# cause-words: inference_mode, add_new_tokens|lm_head
# fix-words: no_grad

import torch
import torch.nn as nn


class TinyLM(nn.Module):
    def __init__(self, vocab=20, dim=8):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.lm_head = nn.Linear(dim, vocab, bias=False)

    def forward(self, ids):
        return self.lm_head(torch.tanh(self.embed_tokens(ids)))


@torch.inference_mode
def add_new_tokens(model, new_tokens):
    n = len(new_tokens)
    old_emb = model.embed_tokens.weight
    mean = old_emb.mean(0, keepdim=True)
    new_emb = torch.cat([old_emb, mean + 0.01 * torch.randn(n, old_emb.shape[1])])
    model.embed_tokens = nn.Embedding.from_pretrained(new_emb, freeze=False)
    old_head = model.lm_head.weight
    new_head = torch.cat([old_head, old_head.mean(0, keepdim=True).expand(n, -1)])
    model.lm_head = nn.Linear(old_head.shape[1], new_head.shape[0], bias=False)
    model.lm_head.weight = nn.Parameter(new_head)


model = TinyLM()
add_new_tokens(model, new_tokens=[f"<NEW_TOKEN_{i}>" for i in range(3)])
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
ids = torch.randint(0, 23, (2, 5))
logits = model(ids)
loss = nn.functional.cross_entropy(logits.view(-1, 23), ids.view(-1))
optimizer.zero_grad()
loss.backward()
optimizer.step()
