# ruff: noqa
# source: https://github.com/xiaxin1998/DHCN/issues/8
# cause: np.sum over a list of tensors that require grad converts them to numpy inside forward(); the maintainer's .detach().numpy() (also torch's advice) silences the error but cuts the gradient to the embeddings, so the sum must stay in torch (the fix here, checked by expect).
# class: 3
# mistake: line 29, variable item_embeddings
# fix: replace line 29 with: item_embeddings = torch.sum(torch.stack(final), 0)
# error: RuntimeError: Can't call numpy() on Tensor that requires grad
# expect: runs clean; model.embedding.weight.grad is not None
# cause-words: np.sum|numpy, final|item_embeddings
# fix-words: torch.sum|torch.stack|stack

import numpy as np
import torch
import torch.nn as nn


class HyperConv(nn.Module):
    def __init__(self, layers, emb_size=16):
        super(HyperConv, self).__init__()
        self.emb_size = emb_size
        self.layers = layers

    def forward(self, adjacency, embedding):
        item_embeddings = embedding
        final = [item_embeddings]
        for i in range(self.layers):
            item_embeddings = torch.mm(adjacency, item_embeddings)
            final.append(item_embeddings)
        item_embeddings = np.sum(final, 0)
        return item_embeddings


class DHCN(nn.Module):
    def __init__(self, n_node, emb_size=16, layers=2):
        super().__init__()
        self.embedding = nn.Embedding(n_node, emb_size)
        self.HyperGraph = HyperConv(layers, emb_size)

    def forward(self, adjacency):
        return self.HyperGraph(adjacency, self.embedding.weight)


n_node = 10
model = DHCN(n_node)
adjacency = torch.rand(n_node, n_node)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
item_emb = model(adjacency)
loss = item_emb.pow(2).mean()
optimizer.zero_grad()
loss.backward()
optimizer.step()
